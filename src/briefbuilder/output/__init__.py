"""Output: publishing files atomically and verifying them."""
