"""Pages of the front desk: each view authorises, parses, calls one service, renders."""
