"""What the villages offer (products, stories, tourist spots): models, media files, queries."""
