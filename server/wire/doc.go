// Package wire holds the JSON shapes both HTTP adapters write: the API
// answers with them, the pages embed them for their scripts, and error
// answers carry some of them. It speaks no HTTP.
package wire
