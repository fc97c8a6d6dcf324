"""The export has no models of its own: it reads every model that relates to a person."""
