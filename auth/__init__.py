"""Who is asking: machines' tokens here (displays, API clients); people's sign-in beside them."""
