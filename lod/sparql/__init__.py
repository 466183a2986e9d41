"""The SPARQL 1.1 endpoint's machinery: checking a query before evaluation (guard), evaluating it in
worker processes with a hard timeout and an open row cap (executor), the service description."""
