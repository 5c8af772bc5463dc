"""stdcheck serve: the web page and JSON API (Starlette); imported only by the serve command."""
