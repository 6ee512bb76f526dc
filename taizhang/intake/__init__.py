"""Reading reports and news into facts: read → normalize → extract (pure) → reconcile."""
