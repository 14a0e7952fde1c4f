package schedule

// LongestLookback is the furthest back anything the scheduler sends at
// most once looks: the payment warnings' reports. Its records of what it
// sent must be kept at least this long, or an old item would be warned
// about again; FIELDLOOP_RETENTION may not be shorter.
const LongestLookback = paymentLookback
