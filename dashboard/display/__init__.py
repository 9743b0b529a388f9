"""The briefing-room display: an unattended, full-screen rotation of the dashboard's views at /display/."""
