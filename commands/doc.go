// Package commands holds fieldloop's slash commands, one file per command.
// Each is a constructor that closes over what the command needs and
// returns a bot.Command; commands parse their arguments, ask package access
// whether the person may act, call the store and build the reply. They never
// see a chat platform's types.
package commands
