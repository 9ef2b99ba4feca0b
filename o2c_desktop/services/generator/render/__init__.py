"""One renderer per dataset family: each turns world tables into the real export format."""
