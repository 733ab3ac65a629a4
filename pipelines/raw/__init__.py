"""Raw stage: every fetched row kept losslessly as versions in raw.responses, with a record of each fetch."""
