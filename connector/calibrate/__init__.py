"""`ticketqa calibrate`: how far ticketqa agrees with a team's own reviewers, and weights fitted
to them.

- `reviews.py` reads the reviewers' scores (CSV or JSON Lines) into plain numbers per ticket;
- `stats.py` holds the figures (rank correlation with a bootstrap interval, weighted kappa,
  error after rescaling, bias, the reviewers' agreement with each other): numbers in, numbers
  out, no files;
- `fit.py` fits criterion weights with K-fold cross-validation;
- `report.py` assembles the figures and writes them as text, JSON or one HTML page;
- `command.py` is the CLI glue.

SciPy and scikit-learn are heavy, so they are an optional extra (`ticketqa[calibrate]`),
imported only here: `ticketqa sync` starts as light as before.
"""
