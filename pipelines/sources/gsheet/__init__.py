"""Google Sheets sources: `fetch` reads a form's responses through the Sheets client; `parse` turns them into rows."""
