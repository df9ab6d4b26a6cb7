"""Qt item models: data for the views, no painting (that is ``gui.delegates``)."""
