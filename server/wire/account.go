package wire

// ResetSent is the one answer to a forgot-password request, whether or not
// the address has an account.
const ResetSent = "If an account has this address, a link to set a new password is on its way to it."
