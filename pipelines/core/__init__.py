"""The ground floor every stage stands on: config, warehouse, writer lock, errors, form fields, cells, pseudonym."""
