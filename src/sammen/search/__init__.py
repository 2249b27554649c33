"""Danish full-text search: the one search mechanism that bubbles, activities, offers and associations share,
and the privacy-preserving count of search terms behind the statistics."""
