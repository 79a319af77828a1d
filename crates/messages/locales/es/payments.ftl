# Payments: a card decline explained, with what to do next.

payment-decline-insufficient-funds = El banco rechazó el pago por falta de fondos. Prueba con otra tarjeta o con un pedido menor.
payment-decline-expired-card = La tarjeta ha caducado. Actualiza sus datos o usa otra tarjeta.
payment-decline-wrong-cvc = El código de seguridad (CVC) no coincide. Revisa los tres dígitos del reverso de la tarjeta y vuelve a intentarlo.
payment-decline-authentication = El banco pidió una confirmación (3-D Secure) que no se completó. Inténtalo de nuevo y aprueba el pago en la app de tu banco.
payment-decline-no-reason = El banco rechazó el pago sin indicar el motivo. Llama al número del reverso de tu tarjeta o usa otro método de pago.
payment-decline-card-blocked = El banco ha bloqueado esta tarjeta. Contacta con tu banco y usa otro método de pago.
payment-decline-temporary = No se pudo procesar el pago por un problema temporal. No se ha cobrado nada; inténtalo de nuevo en unos minutos.
payment-decline-other = El pago fue rechazado. Inténtalo de nuevo o usa otro método de pago.

## Sellers' payouts
payout-pending = Tu pago de { $amount } está programado y debería llegar a tu banco el { $day }.
payout-in-transit = Tu pago de { $amount } va de camino a tu banco y debería llegar antes del { $day }.
payout-paid = Tu pago de { $amount } se realizó el { $day }. Los bancos pueden tardar un día en mostrarlo; si después no aparece en tu extracto, envíanos el extracto y lo rastrearemos.
payout-on-hold = Tu pago de { $amount } está retenido. Este es el motivo y lo que lo libera:
payout-failed = Tu pago de { $amount } no se pudo realizar: { $failure }. Revisa tus datos bancarios en tu cuenta de vendedor; lo enviamos de nuevo cuando estén corregidos.
payout-canceled = Tu pago de { $amount } se canceló; lo que pagaba pasa a tu próximo pago.
payout-late = Tu pago de { $amount } debía llegar a tu banco el { $day } y no está confirmado. Pedimos al proveedor de pagos que lo rastree y te escribiremos en 2 días hábiles.
payout-hold-verification = Hay que verificar tu identidad o tu cuenta bancaria: completa la verificación en tu cuenta de vendedor.
payout-hold-dispute = Hay una disputa o un contracargo abierto de un comprador en uno de estos pedidos: el dinero se libera cuando se resuelva.
payout-hold-return-window = El comprador aún puede devolver o reclamar el artículo: el dinero se libera al cerrarse el plazo de devolución.
payout-hold-bank-details = Faltan tus datos bancarios o fueron rechazados: actualízalos en tu cuenta de vendedor.
payout-hold-risk-review = Nuestro equipo de riesgos está revisando tu cuenta, normalmente en 3 días hábiles; te escribiremos.
payout-hold-awaiting-delivery = Aún no consta la entrega del artículo: el dinero se libera cuando conste.
payout-hold-other = La plataforma lo ha retenido; un especialista puede darte más detalles.
payout-none = Aún no tenemos pagos registrados para tu cuenta de vendedor.
payout-status-pending = Programado
payout-status-in_transit = En camino
payout-status-paid = Pagado
payout-status-on_hold = Retenido
payout-status-failed = Fallido
payout-status-canceled = Cancelado

## Chargebacks (card disputes)
chargeback-status-inquiry = El banco ha hecho preguntas (aún no es un contracargo)
chargeback-status-needs_response = Se necesitan pruebas
chargeback-status-under_review = Pruebas enviadas; el banco decide
chargeback-status-won = Ganado: el dinero se queda
chargeback-status-lost = Perdido: el dinero volvió al comprador
chargeback-reason-fraudulent = el titular dice que no hizo la compra
chargeback-reason-product_not_received = el comprador dice que el artículo nunca llegó
chargeback-reason-product_unacceptable = el comprador dice que el artículo no era como se describía
chargeback-reason-duplicate = el comprador dice que se le cobró dos veces
chargeback-reason-credit_not_processed = el comprador dice que no recibió un reembolso prometido
chargeback-reason-unrecognized = el titular no reconoce el cargo
chargeback-reason-subscription_canceled = el comprador dice que lo había cancelado
chargeback-reason-general = sin motivo concreto
chargeback-summary = Pedido { $order }: un contracargo — { $reason }. Estado: { $status }.
chargeback-respond-by = Envía tus pruebas (seguimiento con prueba de entrega, fotos, tus mensajes con el comprador) antes del { $day }, respondiendo aquí o en la solicitud del pedido.
chargeback-none = No hay contracargo en el pedido { $order }: su pago no está en disputa.
