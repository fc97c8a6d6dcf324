"""A URLconf with none of our URL names, for the layout's robustness test."""

urlpatterns: list[object] = []
