"""The web layer: Flask application factory and routes."""
