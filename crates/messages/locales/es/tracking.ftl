# Shipment trouble: the message we send the customer before they ask.
# { $order } is the order number.

tracking-trouble-presumed-lost = Lo sentimos: el paquete de tu pedido { $order } parece haberse perdido.
tracking-trouble-failed-attempts = El transportista no pudo entregar el pedido { $order } tras varios intentos. Responde para elegir una nueva fecha de entrega o un punto de recogida.
tracking-trouble-no-first-scan = Tu pedido { $order } está empaquetado, pero el transportista aún no lo ha escaneado. Lo estamos reclamando y te mantendremos informado.
tracking-trouble-stalled = El paquete de tu pedido { $order } lleva unos días sin moverse. Hemos preguntado al transportista y te informaremos.
tracking-trouble-past-estimate = Tu pedido { $order } se está retrasando respecto a la fecha estimada. Estamos con el transportista y te diremos la nueva fecha de entrega.
tracking-trouble-reported-lost = Lo sentimos: el transportista informa de que el paquete de tu pedido { $order } se ha perdido.
tracking-trouble-damaged = Lo sentimos: el transportista informa de que el paquete de tu pedido { $order } se dañó por el camino. Responde con una foto del paquete y otra del artículo; después abrimos la reclamación y te enviamos uno nuevo.
tracking-trouble-returned-to-sender = El transportista nos está devolviendo el paquete de tu pedido { $order }. Cuando llegue te lo enviamos de nuevo o te devolvemos el dinero: responde para decirnos qué prefieres y revisa tu dirección en la página del pedido.
tracking-trouble-customs-hold = El paquete de tu pedido { $order } está retenido en aduanas. Suelen pedir la factura (en la página del pedido) y tu documento de identidad o número fiscal: respóndenos con ellos y los enviamos a la aduana por ti.
tracking-trouble-address-issue = El transportista no pudo entregar el pedido { $order }: hay un problema con la dirección. Revísala y corrígela en la página del pedido; después pedimos al transportista que lo entregue de nuevo.
tracking-lost-reship = Hemos abierto una reclamación con el transportista y te enviamos el pedido de nuevo: recibirás el nuevo número de seguimiento por correo. Si prefieres el reembolso, responde a este mensaje.
tracking-lost-refund = Hemos abierto una reclamación con el transportista y te hemos reembolsado el pedido en el medio de pago que usaste; recibirás la confirmación por correo. No tienes que hacer nada más.
tracking-damaged-photos-thanks = Gracias por las fotos.
