# Messages the catalogue's own tests read.
messages-selftest-plain = Hola
messages-selftest-count = { $count ->
    [one] { $count } paquete
   *[other] { $count } paquetes
}
