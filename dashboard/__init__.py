"""Layout of the dashboard: pages, components, theme and the i18n of every string."""
