"""The enterprise ledger's pages: uploading the bureaus' yearly lists of enterprise figures."""
