"""Domain models, one package per area, free of the database and the web."""
