"""Growing the graph from new articles: extract candidate facts, review them, accept them, score the extractor."""
