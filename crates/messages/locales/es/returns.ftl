# Returns: why an item cannot be sent back. { $item } is the product's name.

return-refusal-not-delivered = «{ $item }» aún no se ha entregado; la devolución puede empezar cuando llegue.
return-refusal-window-closed = «{ $item }» se puede devolver en los { $days } días siguientes a la entrega, y ese plazo ha pasado.
return-refusal-final-sale = «{ $item }» era un artículo de venta final y no admite devolución.
return-refusal-nothing-left = Todas las unidades de «{ $item }» ya están en devolución o se cancelaron.
