# Shipment trouble: the message we send the customer before they ask.
# { $order } is the order number.

tracking-trouble-presumed-lost = Lo sentimos: el paquete de tu pedido { $order } parece haberse perdido. Hemos abierto una reclamación con el transportista y te enviaremos un reemplazo o te devolveremos el dinero; no tienes que hacer nada.
tracking-trouble-failed-attempts = El transportista no pudo entregar el pedido { $order } tras varios intentos. Responde para elegir una nueva fecha de entrega o un punto de recogida.
tracking-trouble-no-first-scan = Tu pedido { $order } está empaquetado, pero el transportista aún no lo ha escaneado. Lo estamos reclamando y te mantendremos informado.
tracking-trouble-stalled = El paquete de tu pedido { $order } lleva unos días sin moverse. Hemos preguntado al transportista y te informaremos.
tracking-trouble-past-estimate = Tu pedido { $order } se está retrasando respecto a la fecha estimada. Estamos con el transportista y te diremos la nueva fecha de entrega.
