"""Site: the thin adapter to the site tool (MkDocs, mike); nothing else knows which tool renders."""
