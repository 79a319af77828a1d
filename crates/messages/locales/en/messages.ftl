# Messages the catalogue's own tests read.
messages-selftest-plain = Hello
messages-selftest-count = { $count ->
    [one] { $count } parcel
   *[other] { $count } parcels
}
