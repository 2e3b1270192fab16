-- Every cited source.
SELECT source_id, authors, title, venue, year, doi, url FROM sources ORDER BY year, source_id;
