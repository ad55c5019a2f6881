"""The API's routers, one per noun; :func:`corridor.api.create_app` includes them all."""
