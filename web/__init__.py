"""The web application: the Flask server, the three Dash apps on it (map page, ticket table,
display), their callbacks and blueprints wired together by ``web.factory.create_app``."""
