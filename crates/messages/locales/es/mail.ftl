# Mails sent to people: sign-in links and unlock links.
mail-sign-in-link-subject = Tu enlace de acceso
mail-sign-in-link-body =
    Hola, { $name }:

    Abre este enlace para ver tus pedidos y solicitudes (válido 30 minutos, un solo uso):
    { $link }

    Si no lo has pedido tú, ignora este mensaje.
mail-unlock-subject = Desbloquea tu cuenta
mail-unlock-body =
    Hola, { $name }:

    Tu cuenta se bloqueó por un tiempo tras varias contraseñas incorrectas. Si fuiste tú, abre este enlace y pulsa el botón para desbloquearla; luego entra con tu contraseña (válido 1 hora, un solo uso):
    { $link }

    Si no fuiste tú, alguien está intentando adivinar tu contraseña: no pulses el botón y avisa a un administrador.
mail-reply-body =
    { $header }

    { $reply }

    — 
    { $shop } · { $reference }
    Responde a este correo para contestar; tu respuesta se añade a la solicitud { $reference }.

    { $history }
mail-acknowledgement-body =
    Hola, { $name }:

    Hemos recibido tu mensaje y abierto la solicitud { $reference }. Una persona de nuestro equipo te responderá por correo; puedes añadir algo respondiendo a este correo.

    { $quoted }
mail-no-text = (El mensaje no tenía texto.)
mail-no-subject = (sin asunto)
mail-reply-header = ##- Escribe tu respuesta encima de esta línea -##
mail-history-entry = El { $when }, { $author } escribió:
csat-mail-subject = ¿Qué tal lo hicimos? ({ $reference })
csat-mail-body =
    Hola, { $name }:

    Tu solicitud { $reference } («{ $subject }») está resuelta. ¿Qué tal lo hicimos? Elige una valoración:

    { $links }

    El enlace abre una página donde confirmas tu valoración y puedes añadir un comentario. Funciona durante { $days } días.
csat-rating-5 = Muy bien
csat-rating-4 = Bien
csat-rating-3 = Regular
csat-rating-2 = Mal
csat-rating-1 = Muy mal
csat-reopened-note =
    The customer rated the answer { $rating } of 5 and the conversation was reopened.
    Their comment: { $comment }
csat-chat-ask = Tu solicitud { $reference } está resuelta. ¿Qué tal lo hicimos? Valóranos en un paso: { $link }

# Restablecer la contraseña del personal (docs/SECURITY.md).
mail-reset-subject = Restablece tu contraseña de marketdesk
mail-reset-body =
    Hola, { $name }:

    Alguien (esperamos que tú) pidió restablecer la contraseña de tu cuenta de marketdesk. Abre este enlace antes de una hora para elegir una nueva; funciona una sola vez:
    { $link }

    Si no lo pediste, ignora este correo: tu contraseña sigue igual.
mail-password-changed-subject = Se cambió tu contraseña de marketdesk
mail-password-changed-body =
    Hola, { $name }:

    Se acaba de cambiar la contraseña de tu cuenta de marketdesk con un enlace de restablecimiento y se cerraron todas las sesiones. Si no fuiste tú, avisa a tu administrador de inmediato.
