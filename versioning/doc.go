// Package versioning holds the pure algorithms behind Commonplace's revision
// graph: line and character diffs, three-way merge with conflict resolution,
// authorship (blame) carried through text changes, change summaries for
// attribution statements, the checkpoint policy, and the family graph drawn
// as SVG.
//
// Nothing here touches a database or the network: store/ persists revisions
// and server/ renders them; this package only computes.
//
// Text positions and lengths that leave this package (attribution spans) are
// counted in UTF-16 code units, as browsers and the live editor count them.
// Every function that takes text validates that it is UTF-8 first, because
// go-diff silently turns invalid bytes into U+FFFD.
package versioning
