"""Everything that leaves the monitor: digest mails and subscribable feeds."""
