// Package bot is fieldloop's platform-free core: the domain types (people
// and the organisation, report kinds with their fields, reports, campaigns,
// schedules, targets, outgoing messages), the neutral message model that
// adapters translate to and from (an incoming command with its
// declaration, a reply, a form, buttons), the errors users see, the
// interfaces the store and the platforms implement, the router that maps
// command names to handlers, and the English/Chinese catalogue mechanism.
//
// The work on these types lives beside it, each in a package of its own:
// value (reading typed values), outbox (delivery), schedule (what falls
// due), digest (the managers' summaries). bot imports only the standard
// library and value; everything else depends on it, never the other way.
//
// The core knows chat platforms only by name (Platform): each adapter
// declares its own and adds its texts to the catalogue.
package bot
