"""A resolved document -> the typed tree every edition reads: blocks, notices, the edition's words."""
