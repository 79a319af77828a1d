# Casos entre comprador y vendedor (docs/DISPUTES.md): correos a las partes.
case-mail-subject = Caso n.º { $id } del pedido { $order }: { $what }
case-mail-body =
    Hola, { $name }:

    { $what }

    Consulta el caso, sus plazos y lo que puedes hacer ahora:
    { $link }
case-reason-not-received = el pedido no llegó
case-reason-not-as-described = el artículo no es como se describía
case-reason-damaged = el artículo llegó dañado
case-reason-wrong-item = llegó un artículo equivocado
case-reason-counterfeit = el artículo no es auténtico
case-step-opened = El comprador abrió un caso: { $reason }. Ofrece una solución o responde antes de tu plazo.
case-step-offer = El vendedor ofreció una solución. Puedes aceptarla o rechazarla.
case-step-contest = El vendedor impugnó el caso. Puedes escalarlo a nosotros.
case-step-accept = El comprador aceptó la oferta.
case-step-reject = El comprador rechazó la oferta. Cualquiera de los dos puede escalarnos el caso.
case-step-escalate = El caso se escaló: lo decidiremos nosotros.
case-step-withdraw = El comprador retiró el caso.
case-step-decide = Hemos decidido el caso.
case-step-appeal = Se recurrió la decisión: la revisará otra persona.
case-step-closed = El caso está cerrado.
