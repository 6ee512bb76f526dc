"""The enterprise ledger (企业库): enterprises, their credit codes and aliases."""
