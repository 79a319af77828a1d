# Denuncias de anuncios, usuarios y mensajes (docs/TRUST.md).
report-subject-listing = anuncio
report-subject-user = usuario
report-subject-post = publicación del foro
report-subject-message = mensaje
report-outcome-takedown = Lo hemos retirado.
report-outcome-warning = Hemos advertido a la persona responsable; por ahora sigue publicado.
report-outcome-dismiss = Lo revisamos y no encontramos nada contra nuestras normas.
report-mail-subject = Tu denuncia de un { $what }: { $reference }
report-mail-body =
    Gracias por tu denuncia del { $what } «{ $reference }».

    { $outcome }

    Denuncias como la tuya mantienen seguro el marketplace.
report-heading = Denunciar un problema
report-lead = Cuéntanos sobre un anuncio, un usuario o un mensaje que incumple las normas: falsificaciones, artículos prohibidos, fotos robadas, peticiones de pago fuera del marketplace, enlaces de phishing. Revisamos cada denuncia y te contamos el resultado.
report-what = ¿Qué denuncias?
report-reference = Cuál (la dirección del anuncio, el nombre del usuario, la referencia del mensaje)
report-reason = Por qué
report-details = Qué está mal
report-message-text = El mensaje tal como lo recibiste (si es un mensaje)
report-email = Tu correo, para el resultado
report-send = Enviar la denuncia
report-sent = Gracias: tu denuncia llegó a los moderadores. Te enviaremos el resultado por correo.
report-already = Ya lo habías denunciado: tu denuncia cuenta una vez.
report-bad-reason = Elige un motivo que encaje con lo que denuncias.
report-reason-counterfeit = Falsificación
report-reason-prohibited = Artículo prohibido
report-reason-misleading = Descripción o fotos engañosas
report-reason-stolen_photos = Fotos robadas
report-reason-off_platform_payment = Pide pagar fuera del marketplace
report-reason-phishing = Enlace de phishing
report-reason-harassment = Acoso
report-reason-spam = Spam
report-reason-other = Otra cosa
moderation-heading = Moderación
moderation-lead = Denuncias de anuncios, usuarios y mensajes: primero las más graves, luego las más denunciadas.
moderation-none = Nada espera una decisión.
moderation-severity = Gravedad
moderation-reports = Denuncias
moderation-decide = Decidir
moderation-decision-takedown = Retirar
moderation-decision-warning = Advertir
moderation-decision-dismiss = Desestimar
moderation-note = Nota (para el registro)
moderation-decided = Decidido; se avisó a la plataforma y a quienes denunciaron.
moderation-recent = Decisiones recientes
privacy-heading = Mis datos
privacy-lead = Todo lo que el soporte de esta tienda guarda sobre ti: descárgalo o pídenos que lo borremos. Respondemos en 30 días.
privacy-export-heading = Descargar mis datos
privacy-export-lead = Tu perfil, pedidos, conversaciones, chats, casos, denuncias y valoraciones, en un archivo JSON. Listo al momento; la descarga funciona 7 días.
privacy-export-button = Preparar mi descarga
privacy-export-ready = Tus datos están listos: descárgalos abajo en los próximos 7 días.
privacy-erasure-heading = Borrar mis datos
privacy-erasure-lead = Quitamos tu nombre, correo, teléfono y lo que nos escribiste. Los pedidos, pagos y reembolsos se quedan, sin tus palabras: la ley obliga a la tienda a conservar su contabilidad.
privacy-erasure-confirm = Entiendo que no se puede deshacer
privacy-erasure-button = Pedir el borrado
privacy-confirm-needed = Marca la casilla para confirmar el borrado.
privacy-erasure-asked = Recibimos tu petición de borrado y la cumpliremos en 30 días.
privacy-already-pending = Ya hay una petición de este tipo pendiente.
privacy-your-requests = Tus peticiones
privacy-kind-export = Descarga
privacy-kind-erasure = Borrado
privacy-status-pending = Pendiente
privacy-status-done = Hecha
privacy-due = plazo
privacy-download = Descargar
privacy-until = hasta
privacy-queue-heading = Peticiones de privacidad
privacy-queue-nav = Privacidad
privacy-queue-lead = Borrados por hacer, primero el plazo más cercano. Borrar quita los datos personales de tickets, mensajes, adjuntos, chats, casos y búsqueda; los pedidos, pagos y reembolsos se conservan por contabilidad.
privacy-queue-none = No hay peticiones esperando.
privacy-erase-button = Hacer el borrado
privacy-erased = Borrado; se avisó a la plataforma para que borre su copia.
signal-new_country = un inicio de sesión desde un país nuevo
signal-new_device = un inicio de sesión desde un dispositivo nuevo
signal-email_changed = se cambió tu dirección de correo
signal-phone_changed = se cambió tu número de teléfono
signal-password_changed = se cambió tu contraseña
signal-payout_changed = se cambiaron tus datos de cobro
signal-mail-subject = ¿Fuiste tú?
signal-mail-body =
    Hola, { $name }:

    Detectamos { $what } en tu cuenta ({ $detail }, { $when }).

    ¿Fuiste tú? Dínoslo aquí; si no fuiste tú, bloqueamos la cuenta al momento para protegerla:
    { $link }
signal-heading = ¿Fuiste tú?
signal-question = Detectamos { $what } en tu cuenta: { $detail } ({ $when }).
signal-yes = Sí, fui yo
signal-no = No, no fui yo
signal-thanks-yes = Gracias: no cambia nada.
signal-thanks-no = Bloqueamos tu cuenta para protegerla y abrimos una petición urgente: alguien te contactará para comprobar que eres tú y devolvértela.
signal-answered = Esta pregunta ya tiene respuesta.
signal-expired = Este enlace no existe o ha caducado.
signal-ticket-subject = Seguridad: actividad que el cliente no reconoce
signal-ticket-body =
    El cliente respondió «no fui yo» a actividad en su cuenta. La cuenta está bloqueada; verifica su identidad (Espacio de trabajo → Verificaciones de identidad) antes de devolverla.

    { $signals }
signal-frozen-subject = Bloqueamos tu cuenta para protegerla
signal-frozen-body =
    Hola, { $name }:

    Nos dijiste que no reconocías actividad en tu cuenta, así que la bloqueamos. Alguien de nuestro equipo te contactará para comprobar que eres tú y devolvértela. Nunca compartas tu contraseña ni tus códigos con nadie, tampoco con nosotros.
identity-heading = Verificaciones de identidad
identity-lead = Cuentas bloqueadas tras actividad que sus dueños no reconocieron, y clientes que piden un cambio de riesgo. Haz preguntas que solo el dueño puede responder por sus pedidos; un documento subido se borra en cuanto se mira. Dos pasos distintos bien respondidos, uno sobre los pedidos, aprueban.
identity-none = No hay verificaciones esperando.
identity-step = Paso
identity-step-past_order = Número y total de un pedido anterior
identity-step-delivery_postcode = Código postal de entrega de un pedido
identity-step-payment_card = Últimos cuatro dígitos de una tarjeta de pago
identity-step-document_seen = Documento de identidad visto (no se guarda)
identity-answer-right = Respondió bien
identity-answer-wrong = Respondió mal
identity-record = Anotar el paso
identity-passes = Los pasos hasta ahora aprueban la verificación.
identity-give-back = Aprobada: devolver la cuenta
identity-keep-locked = Fallida: mantenerla bloqueada
identity-decided = La verificación está decidida.
chat-signal-question = Vimos { $what } en tu cuenta: { $detail } ({ $when }). ¿Fuiste tú?
chat-signal-again = Responde con uno de los botones: ¿fuiste tú?
