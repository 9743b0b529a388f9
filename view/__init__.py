"""What one request looks at: the view state of the URL and the request view resolved from it.

Every callback, the display and the API turn their request into a ``RequestView`` through
``view.resolve.ViewResolver``: pages leniently (a bad part of a link falls back to the default),
the API strictly (a 400 naming the bad parameter).
"""
