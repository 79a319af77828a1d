# Estándares de vendedor (docs/DISPUTES.md): situación, medidas, avisos, faltas.
standing-good = Buena
standing-warning = Advertencia
standing-restricted = Restringida
standing-suspended = Suspendida
standards-measure-defect_rate = Tasa de defectos
standards-measure-late_shipment_rate = Tasa de envíos tardíos
standards-measure-case_response = Tiempo de respuesta a casos (mediana)
standards-measure-strikes = Faltas
standards-reading-line = { $measure }: { $value } (límite { $limit })
standards-mail-subject = Tu situación como vendedor: { $standing }
standards-mail-standing =
    Tu situación como vendedor es ahora: { $standing }.

    { $reasons }

    Si crees que es un error, puedes apelar el aviso desde tu página de estándares.
standards-mail-appeal-subject = Tu apelación tiene respuesta
standards-mail-appeal-upheld = Revisamos tu apelación: el aviso se mantiene. { $note }
standards-mail-appeal-lifted = Revisamos tu apelación y retiramos el aviso: tu situación vuelve a la anterior. { $note }
standards-mail-body =
    Hola, { $name }:

    { $what }

    Tu situación, las cifras en que se basa y tus avisos:
    { $link }

# Páginas.
standards-heading = Estándares de vendedor
standards-desk-heading = Mesa de estándares de vendedores
standards-desk-nav = Estándares de vendedores
standards-desk-lead = Vendedores de peor a mejor, apelaciones de avisos por decidir y compradores cuyos casos acaban una y otra vez en su contra.
standards-lead = Tu situación sale de tus pedidos y casos de los últimos 90 días, medidos frente a los límites publicados de la tienda. Cada cambio llega con un aviso que puedes apelar una vez.
standards-my-standing = Mi situación como vendedor
standards-sellers-only = Los estándares de vendedor son para cuentas de vendedor.
standards-standing = Situación:
standards-assessed = medida
standards-window = Últimos { $days } días
standards-counts = { $orders } pedidos, { $defects } defectos, { $late } envíos tardíos
standards-measures = Medidas
standards-measure = Medida
standards-value = Ahora
standards-out-of = Sobre
standards-level = Nivel
standards-too-few = muy pocos para decir
standards-strikes = Faltas
standards-no-strikes = Sin faltas.
standards-strike-inactive = ya no cuenta
standards-withdraw-strike = Retirar
standards-give-strike = Poner una falta
standards-strike-reason = Motivo
standards-strike-note = Qué pasó (el vendedor lo lee)
standards-strike-off_platform_payment = Pidió pagos fuera de la plataforma
standards-strike-prohibited_item = Publicó un artículo prohibido
standards-strike-misleading_listing = Anuncio engañoso
standards-strike-counterfeit_item = Artículo falsificado
standards-strike-abusive_messages = Mensajes abusivos
standards-strike-feedback_manipulation = Manipulación de valoraciones
standards-strike-other = Otro
standards-notices = Avisos
standards-no-notices = Sin avisos.
standards-from = antes
standards-by-appeal = tras una apelación
standards-your-appeal = Apelación:
standards-appeal-pending = pendiente de decisión
standards-appeal-upheld = mantenido
standards-appeal-lifted = retirado
standards-decision-note = Decisión:
standards-appeal-label = Por qué este aviso es un error
standards-appeal-until = hasta
standards-appeal-button = Apelar
standards-appealed = Tu apelación se envió. Alguien de la plataforma la decidirá.
standards-decision = Decisión
standards-decide-button = Decidir la apelación
standards-choose-decision = Elige mantener o retirar.
standards-appeal-decided = La apelación está decidida; se avisó al vendedor.
standards-choose-reason = Elige el motivo de la falta.
standards-strike-given = Falta puesta; la situación del vendedor se midió de nuevo.
standards-strike-withdrawn = Falta retirada; la situación del vendedor se midió de nuevo.
standards-all = Todas
standards-no-sellers = Aún no hay vendedores medidos.
standards-seller = Vendedor
standards-why = Por encima del límite
standards-since = Desde
standards-appeals-waiting = Apelaciones pendientes
standards-no-appeals = No hay apelaciones pendientes.
standards-flagged-buyers = Compradores señalados
standards-flagged-lead = Compradores con varios casos decididos a favor del vendedor: revisa sus casos antes de decidir el siguiente.
standards-no-flagged = Ningún comprador señalado.
standards-buyer = Comprador
standards-cases-opened = Casos abiertos
standards-cases-lost = Decididos a favor del vendedor
standards-review-note = Qué encontraste
standards-review-button = Marcar revisado
standards-buyer-reviewed = Comprador marcado como revisado.
cases-listing-heading = El anuncio tal como se compró
cases-seller-standing = Situación del vendedor:
cases-buyer-flagged = Comprador señalado: { $lost } de { $opened } casos decididos a favor del vendedor.
payout-case-hold = El caso n.º { $id } del pedido { $order } retiene la parte de este pedido hasta que termine.
