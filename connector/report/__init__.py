"""`ticketqa report`: trends per agent, team and criterion, from the connector's ledger or from
`ticketqa score --format json` results."""
