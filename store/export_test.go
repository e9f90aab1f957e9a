package store

// SplitPassword is exported to the tests of package store_test.
var SplitPassword = splitPassword
