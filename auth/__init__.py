"""Who is asking: people's sign-in (Flask-Security), the gate in front of every route, the
requester's ``Principal`` and what it may see; the sign-in limiter and the security headers;
machines' tokens (wall displays, API clients) beside them."""
