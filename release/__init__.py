"""The early release to principals: suppression of small counts, and publishing a release all at
once."""
