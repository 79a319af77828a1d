# Payments: a card decline explained, with what to do next.

payment-decline-insufficient-funds = El banco rechazó el pago por falta de fondos. Prueba con otra tarjeta o con un pedido menor.
payment-decline-expired-card = La tarjeta ha caducado. Actualiza sus datos o usa otra tarjeta.
payment-decline-wrong-cvc = El código de seguridad (CVC) no coincide. Revisa los tres dígitos del reverso de la tarjeta y vuelve a intentarlo.
payment-decline-authentication = El banco pidió una confirmación (3-D Secure) que no se completó. Inténtalo de nuevo y aprueba el pago en la app de tu banco.
payment-decline-no-reason = El banco rechazó el pago sin indicar el motivo. Llama al número del reverso de tu tarjeta o usa otro método de pago.
payment-decline-card-blocked = El banco ha bloqueado esta tarjeta. Contacta con tu banco y usa otro método de pago.
payment-decline-temporary = No se pudo procesar el pago por un problema temporal. No se ha cobrado nada; inténtalo de nuevo en unos minutos.
payment-decline-other = El pago fue rechazado. Inténtalo de nuevo o usa otro método de pago.
