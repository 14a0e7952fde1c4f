// Package bot is fieldloop's platform-free core: the domain types (people,
// report kinds and reports, outgoing messages), the neutral message model
// that adapters translate to and from (an incoming command, a reply, a form,
// buttons), the router that maps command names to handlers, the outbox
// sender, and the English/Chinese catalogue of every user-visible string.
//
// It imports the standard library only; storage, commands and adapters
// depend on it, never the other way round.
package bot
