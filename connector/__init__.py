"""ticketqa's connector: the command line now; config, state and the sync loop to come."""
