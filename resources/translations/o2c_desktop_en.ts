<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CaptchaPrompt</name>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/captcha_prompt.py" line="35"/>
        <source>{portal} pide resolver un captcha</source>
        <translation>{portal} asks you to solve a captcha</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/captcha_prompt.py" line="44"/>
        <source>Respuesta del captcha</source>
        <translation>Captcha answer</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/captcha_prompt.py" line="49"/>
        <source>Enviar</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/captcha_prompt.py" line="52"/>
        <source>Lo resuelvo en el navegador</source>
        <translation>I will solve it in the browser</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/captcha_prompt.py" line="54"/>
        <source>Mostrar navegador</source>
        <translation>Show browser</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/captcha_prompt.py" line="90"/>
        <source>Trayendo el navegador al frente…</source>
        <translation>Bringing the browser to the front…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/captcha_prompt.py" line="102"/>
        <source>El navegador está al frente: resuelva ahí el captcha o escriba aquí la respuesta.</source>
        <translation>The browser is in front: solve the captcha there or type the answer here.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/captcha_prompt.py" line="111"/>
        <source>El navegador funciona sin ventana: escriba aquí la respuesta del captcha.</source>
        <translation>The browser runs without a window: type the captcha answer here.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/captcha_prompt.py" line="116"/>
        <source>No se pudo traer el navegador al frente: escriba aquí la respuesta del captcha.</source>
        <translation>The browser could not be brought to the front: type the captcha answer here.</translation>
    </message>
</context>
<context>
    <name>CashEventsDialog</name>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/cash_events_dialog.py" line="41"/>
        <source>Cobro institución</source>
        <translation>Institution payment</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/cash_events_dialog.py" line="42"/>
        <source>Anticipo del factor</source>
        <translation>Factor&apos;s advance</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/cash_events_dialog.py" line="43"/>
        <source>Reserva del factor</source>
        <translation>Factor&apos;s reserve</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/cash_events_dialog.py" line="44"/>
        <source>Comisión del factor</source>
        <translation>Factor&apos;s fee</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/cash_events_dialog.py" line="74"/>
        <source>{figure} · semana {week} ({start} al {end})</source>
        <translation>{figure} · week {week} ({start} to {end})</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/cash_events_dialog.py" line="86"/>
        <source>1 movimiento esperado suma {total}.</source>
        <translation>1 expected movement adds up to {total}.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/cash_events_dialog.py" line="88"/>
        <source>{count} movimientos esperados suman {total}.</source>
        <translation>{count} expected movements add up to {total}.</translation>
    </message>
</context>
<context>
    <name>CashflowPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="88"/>
        <location filename="../../o2c_desktop/ui/pages/cashflow_page.py" line="40"/>
        <source>Flujo de efectivo</source>
        <translation>Cash flow</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/cashflow_page.py" line="43"/>
        <source>Efectivo esperado por semana y acumulado</source>
        <translation>Cash expected per week and running total</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/cashflow_page.py" line="54"/>
        <source>Semanas proyectadas desde el corte (hasta {max}).</source>
        <translation>Weeks projected from the cut (up to {max}).</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/cashflow_page.py" line="56"/>
        <source>Ver facturas</source>
        <translation>Show invoices</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/cashflow_page.py" line="59"/>
        <source>Las facturas detrás de la cifra seleccionada (o doble clic en la celda).</source>
        <translation>The invoices behind the selected figure (or double-click the cell).</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/cashflow_page.py" line="63"/>
        <source>Semanas</source>
        <translation>Weeks</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/cashflow_page.py" line="88"/>
        <source>Ninguna factura abierta ni operación de factoraje espera cobro a este corte. Sincronice o importe los reportes (y los de factoraje con «o2c import --kind factoring») para proyectar el efectivo.</source>
        <translation>No open invoice or factoring operation awaits payment at this cut. Sync or import the reports (and the factoring ones with «o2c import --kind factoring») to project the cash.</translation>
    </message>
</context>
<context>
    <name>ChartData</name>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="60"/>
        <source>Sin fecha programada</source>
        <translation>No scheduled date</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="73"/>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="178"/>
        <source>Pesos</source>
        <translation>Pesos (MXN)</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="88"/>
        <source>Ordenado</source>
        <translation>Ordered</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="89"/>
        <source>Saldo a máximo</source>
        <translation>Left to maximum</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="95"/>
        <source>Piezas</source>
        <translation>Pieces</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="112"/>
        <source>OTIF</source>
        <translation>OTIF</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="119"/>
        <source>Aún faltantes</source>
        <translation>Still missing</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="120"/>
        <source>Cubiertos después</source>
        <translation>Filled since</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="136"/>
        <source>Sin tienda</source>
        <translation>No store</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="143"/>
        <source>Otras tiendas</source>
        <translation>Other stores</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="159"/>
        <source>Folios</source>
        <translation>Folios</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="169"/>
        <source>Cobro institución P50</source>
        <translation>Institution payment P50</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="170"/>
        <source>Anticipos</source>
        <translation>Advances</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="171"/>
        <source>Reservas</source>
        <translation>Reserves</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="172"/>
        <source>Comisiones</source>
        <translation>Fees</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/chart_data.py" line="179"/>
        <source>Acumulado</source>
        <translation>Running total</translation>
    </message>
</context>
<context>
    <name>ContractsPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="94"/>
        <location filename="../../o2c_desktop/ui/pages/analytics_pages.py" line="48"/>
        <source>Contratos</source>
        <translation>Contracts</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/analytics_pages.py" line="51"/>
        <source>Renglones de contrato más cerca de su máximo (piezas)</source>
        <translation>Contract lines closest to their maximum (pieces)</translation>
    </message>
</context>
<context>
    <name>CredentialsDialog</name>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="37"/>
        <source>Credenciales de portales</source>
        <translation>Portal credentials</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="53"/>
        <source>Portal</source>
        <translation>Portal</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="54"/>
        <source>Usuario</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="55"/>
        <source>Contraseña</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="62"/>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="115"/>
        <source>Mostrar</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="65"/>
        <source>Guardar</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="67"/>
        <source>Borrar</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="69"/>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="261"/>
        <source>Probar acceso</source>
        <translation>Test login</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="97"/>
        <source>Modo de demostración: «Probar acceso» entra al portal de demostración, no al de la institución; sin usuario ni contraseña escritos, con el usuario de demostración que usa la sincronización.</source>
        <translation>Demo mode: “Test login” logs in to the demo portal, not the institution’s; with no user or password typed, as the demo user a sync uses.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="115"/>
        <source>Ocultar</source>
        <translation>Hide</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="126"/>
        <source>Consultando el llavero del sistema…</source>
        <translation>Reading the system keyring…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="134"/>
        <source>Las contraseñas se guardan solo en el llavero del sistema.</source>
        <translation>Passwords are stored only in the system keyring.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="139"/>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="165"/>
        <source>Guardada</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="139"/>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="178"/>
        <source>Sin credencial</source>
        <translation>No credential</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="155"/>
        <source>Guardando…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="190"/>
        <source>Cancelando la prueba…</source>
        <translation>Cancelling the test…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="199"/>
        <source>Escriba el usuario y la contraseña para probar el acceso.</source>
        <translation>Type the user and the password to test the login.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="205"/>
        <source>Cancelar prueba</source>
        <translation>Cancel test</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="206"/>
        <source>Preparando la prueba…</source>
        <translation>Preparing the test…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="222"/>
        <source>Abriendo el navegador…</source>
        <translation>Opening the browser…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="225"/>
        <source>Entrando a {portal}…</source>
        <translation>Logging in to {portal}…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="231"/>
        <source>Esperando la respuesta del captcha…</source>
        <translation>Waiting for the captcha answer…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="241"/>
        <source>Acceso correcto al portal de demostración de {portal} con el usuario {user}.</source>
        <translation>Login works on the {portal} demo portal with user {user}.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="244"/>
        <source>Acceso correcto: {portal} aceptó al usuario {user}.</source>
        <translation>Login works: {portal} accepted user {user}.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/credentials_dialog.py" line="256"/>
        <source>La prueba se detuvo por un error interno; vea el registro.</source>
        <translation>The test stopped on an internal error; see the log.</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/diagnostics_dialog.py" line="24"/>
        <source>Diagnóstico</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/diagnostics_dialog.py" line="29"/>
        <source>Tablas del almacén y número de filas:</source>
        <translation>Warehouse tables and their row counts:</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/diagnostics_dialog.py" line="53"/>
        <source>Almacén: {path}</source>
        <translation>Warehouse: {path}</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../o2c_desktop/ui/error_dialog.py" line="36"/>
        <source>Copiar detalles</source>
        <translation>Copy details</translation>
    </message>
</context>
<context>
    <name>ExportBar</name>
    <message>
        <location filename="../../o2c_desktop/ui/export_bar.py" line="53"/>
        <source>Exportar a Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/export_bar.py" line="55"/>
        <source>Exportar a CSV</source>
        <translation>Export to CSV</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/export_bar.py" line="63"/>
        <source>Abrir carpeta</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/export_bar.py" line="80"/>
        <source>No hay datos que exportar todavía.</source>
        <translation>There is no data to export yet.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/export_bar.py" line="85"/>
        <source>Exportando…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/export_bar.py" line="101"/>
        <source>{rows} renglones en {name}</source>
        <translation>{rows} rows in {name}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/export_bar.py" line="105"/>
        <source> (con manifiesto {name})</source>
        <translation> (with manifest {name})</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/export_bar.py" line="115"/>
        <source>La exportación falló; vea el detalle del error.</source>
        <translation>The export failed; see the error details.</translation>
    </message>
</context>
<context>
    <name>GapsPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="106"/>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="117"/>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="145"/>
        <source>Folios faltantes</source>
        <translation>Missing folios</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="130"/>
        <source>Consultar</source>
        <translation>Look up</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="151"/>
        <source>Exportar CSV para auditoría</source>
        <translation>Export CSV for audit</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="122"/>
        <source>Día</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="97"/>
        <source>el {day}</source>
        <translation>on {day}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="101"/>
        <source>de {month}</source>
        <translation>in {month}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="104"/>
        <source>del {start} al {end}</source>
        <translation>from {start} to {end}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="122"/>
        <source>Mes</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="123"/>
        <source>Rango de días</source>
        <translation>Range of days</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="129"/>
        <source>al</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="152"/>
        <source>Exportar Excel para auditoría</source>
        <translation>Export Excel for audit</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="154"/>
        <source>Periodo</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="165"/>
        <source>Rangos de folios faltantes:</source>
        <translation>Ranges of missing folios:</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="222"/>
        <source>Tiendas con más folios faltantes {period}:</source>
        <translation>Stores with the most missing folios {period}:</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="223"/>
        <source>Sin folios faltantes {period}.</source>
        <translation>No missing folios {period}.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="228"/>
        <source>Folios faltantes {period} por tienda</source>
        <translation>Missing folios {period} by store</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="230"/>
        <source>Folios faltantes {period}</source>
        <translation>Missing folios {period}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/gaps_page.py" line="241"/>
        <source>No se pudieron leer los folios; vea el error.</source>
        <translation>The folios could not be read; see the error.</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="63"/>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="57"/>
        <source>Inicio</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="60"/>
        <source>Excepciones abiertas</source>
        <translation>Open exceptions</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="61"/>
        <source>Por cobrar por etapa</source>
        <translation>Receivable by stage</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="62"/>
        <source>Cobros esperados</source>
        <translation>Expected collections</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="63"/>
        <source>Contratos más cerca de su máximo</source>
        <translation>Contracts nearest their maximum</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="64"/>
        <source>Tiendas con más folios faltantes ayer</source>
        <translation>Stores with most missing folios yesterday</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="65"/>
        <source>Última sincronización por portal</source>
        <translation>Last sync per portal</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="66"/>
        <source>Próxima ejecución programada</source>
        <translation>Next scheduled run</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="101"/>
        <source>calculando…</source>
        <translation>calculating…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="136"/>
        <source>Ninguna: la cadena está completa.</source>
        <translation>None: the chain is complete.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="143"/>
        <source>({count} partidas)</source>
        <translation>({count} items)</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="145"/>
        <source>Nada por cobrar.</source>
        <translation>Nothing receivable.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="150"/>
        <source>Esta semana (desde el {day}): {amount}</source>
        <translation>This week (from {day}): {amount}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="153"/>
        <source>La próxima semana: {amount}</source>
        <translation>Next week: {amount}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="170"/>
        <source>Sin contratos.</source>
        <translation>No contracts.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="177"/>
        <source>{count} faltantes</source>
        <translation>{count} missing</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="181"/>
        <source>Ningún folio faltante el {day}.</source>
        <translation>No folio missing on {day}.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="189"/>
        <source>{portal}: sin sincronizar</source>
        <translation>{portal}: never synced</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="192"/>
        <source>{portal}: {when} · {status} · {age}</source>
        <translation>{portal}: {when} · {status} · {age}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="197"/>
        <source>Horas de {place}</source>
        <translation>{place} time</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="198"/>
        <source>Nunca</source>
        <translation>Never</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="204"/>
        <source>Ninguna</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="204"/>
        <source>No hay horarios activos.</source>
        <translation>No active schedules.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="210"/>
        <source>Horario «{id}»</source>
        <translation>Schedule &quot;{id}&quot;</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="216"/>
        <source>hace menos de 1 min</source>
        <translation>less than 1 min ago</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="218"/>
        <source>hace {n} min</source>
        <translation>{n} min ago</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="220"/>
        <source>hace {n} h</source>
        <translation>{n} h ago</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="221"/>
        <source>hace {n} días</source>
        <translation>{n} days ago</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="225"/>
        <source>correcta</source>
        <translation>succeeded</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="226"/>
        <source>falló</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="227"/>
        <source>espera a una persona</source>
        <translation>waiting for a person</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="228"/>
        <source>cancelada</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="229"/>
        <source>omitida</source>
        <translation>skipped</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/home_page.py" line="230"/>
        <source>en curso</source>
        <translation>running</translation>
    </message>
</context>
<context>
    <name>LogisticsPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="100"/>
        <location filename="../../o2c_desktop/ui/pages/analytics_pages.py" line="64"/>
        <source>Logística</source>
        <translation>Logistics</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/analytics_pages.py" line="67"/>
        <source>OTIF por proveedor y semana (%)</source>
        <translation>OTIF by provider and week (%)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="76"/>
        <source>o2c_desktop — Orden a Cobro</source>
        <translation>o2c_desktop — Order to Cash</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="132"/>
        <source>&amp;Archivo</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="133"/>
        <source>&amp;Credenciales de portales…</source>
        <translation>Portal &amp;credentials…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="136"/>
        <source>&amp;Salir</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="141"/>
        <source>&amp;Ver</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="142"/>
        <source>&amp;Actualizar</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="147"/>
        <source>&amp;Buscar en la tabla</source>
        <translation>&amp;Search the table</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="151"/>
        <source>&amp;Exportar lo que se ve</source>
        <translation>&amp;Export what is shown</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="167"/>
        <source>A&amp;yuda</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="168"/>
        <source>&amp;Diagnóstico…</source>
        <translation>&amp;Diagnostics…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="171"/>
        <source>&amp;Acerca de</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="303"/>
        <source>1 fila</source>
        <translation>1 row</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="305"/>
        <source>{count} filas</source>
        <translation>{count} rows</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="310"/>
        <source>Datos: {folder}</source>
        <translation>Data: {folder}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="311"/>
        <source>Esquema {version}</source>
        <translation>Schema {version}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="323"/>
        <source>Error interno de o2c_desktop</source>
        <translation>o2c_desktop internal error</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="325"/>
        <source>o2c_desktop</source>
        <translation>o2c_desktop</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="330"/>
        <source>Ocurrió un error interno del programa. Copie los detalles y envíelos a soporte; el trabajo en curso se detuvo.

{error}</source>
        <translation>The program hit an internal error. Copy the details and send them to support; the work in progress was stopped.

{error}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="371"/>
        <source>&lt;b&gt;o2c_desktop&lt;/b&gt; {version}&lt;br&gt;El ciclo Orden a Cobro de un proveedor de instituciones públicas de salud: órdenes, altas, facturas, contrarecibos y pagos en una sola vista.&lt;br&gt;Licencia Apache 2.0.</source>
        <translation>&lt;b&gt;o2c_desktop&lt;/b&gt; {version}&lt;br&gt;The Order to Cash cycle of a supplier to public health institutions: orders, receipts, invoices, counter-receipts and payments in one view.&lt;br&gt;Apache 2.0 licence.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/main_window.py" line="378"/>
        <source>Acerca de o2c_desktop</source>
        <translation>About o2c_desktop</translation>
    </message>
</context>
<context>
    <name>ReceivablesPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="82"/>
        <location filename="../../o2c_desktop/ui/pages/analytics_pages.py" line="26"/>
        <source>Cuentas por cobrar</source>
        <translation>Receivables</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/analytics_pages.py" line="29"/>
        <source>Saldo abierto por tramo de vencimiento</source>
        <translation>Open balance by overdue bucket</translation>
    </message>
</context>
<context>
    <name>ReceivablesSummary</name>
    <message>
        <location filename="../../o2c_desktop/ui/receivables_summary.py" line="55"/>
        <source>DSO por institución</source>
        <translation>DSO by institution</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/receivables_summary.py" line="57"/>
        <source>Días por estado de contrarecibo</source>
        <translation>Days per counter-receipt state</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/receivables_summary.py" line="63"/>
        <source>Cobranza esperada por semana</source>
        <translation>Expected collections by week</translation>
    </message>
</context>
<context>
    <name>ReconciliationPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="75"/>
        <location filename="../../o2c_desktop/ui/pages/reconciliation_page.py" line="27"/>
        <source>Conciliación</source>
        <translation>Reconciliation</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/reconciliation_page.py" line="37"/>
        <source>Ver detalle</source>
        <translation>Show details</translation>
    </message>
</context>
<context>
    <name>RecordDetailDialog</name>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/record_detail_dialog.py" line="44"/>
        <source>Orden {order} · alta {alta}</source>
        <translation>Order {order} · receipt {alta}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/record_detail_dialog.py" line="61"/>
        <source>Archivos de origen: consultando…</source>
        <translation>Source files: reading…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/record_detail_dialog.py" line="67"/>
        <source>Eslabón</source>
        <translation>Link</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/record_detail_dialog.py" line="67"/>
        <source>Archivo</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/record_detail_dialog.py" line="67"/>
        <source>Renglón</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/record_detail_dialog.py" line="67"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/record_detail_dialog.py" line="86"/>
        <source>Archivos de origen: no se pudieron leer.</source>
        <translation>Source files: could not be read.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/record_detail_dialog.py" line="92"/>
        <source>Archivos de origen ({count}):</source>
        <translation>Source files ({count}):</translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/pages/report_page.py" line="164"/>
        <source>Actualizar</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/report_page.py" line="174"/>
        <source>Calcula el reporte con lo que se sabía al final de ese día (como --as-of).</source>
        <translation>Computes the report with what was known at the end of that day (as --as-of does).</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/report_page.py" line="189"/>
        <source>Corte</source>
        <translation>Cut</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/report_page.py" line="249"/>
        <source>con lo cargado hasta el final del {date}</source>
        <translation>with what was loaded by the end of {date}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/report_page.py" line="253"/>
        <source>con todo lo cargado</source>
        <translation>with everything loaded</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/report_page.py" line="272"/>
        <source>El almacén aún no tiene datos. Use «Sincronizar portales» para descargar los reportes, o importe archivos con «o2c import ARCHIVO» (o «o2c demo» para probar con datos de ejemplo).</source>
        <translation>The warehouse has no data yet. Use “Sync portals” to download the reports, or import files with “o2c import FILE” (or “o2c demo” to try it with sample data).</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/report_page.py" line="277"/>
        <source>No hay renglones para este corte. Pruebe una fecha de corte posterior o sincronice para traer datos nuevos.</source>
        <translation>No rows for this cut. Try a later cut date or sync to bring in new data.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/report_page.py" line="286"/>
        <source>No se pudo leer el reporte; vea el detalle del error.</source>
        <translation>The report could not be read; see the error details.</translation>
    </message>
</context>
<context>
    <name>ReportTable</name>
    <message>
        <location filename="../../o2c_desktop/ui/report_table.py" line="51"/>
        <source>Buscar en todas las columnas…</source>
        <translation>Search all columns…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/report_table.py" line="60"/>
        <source>Filtrar columna</source>
        <translation>Filter column</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/report_table.py" line="62"/>
        <source>Quitar filtros</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/report_table.py" line="198"/>
        <source>Filtros: {list}</source>
        <translation>Filters: {list}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/report_table.py" line="218"/>
        <source>{rows} renglones</source>
        <translation>{rows} rows</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/report_table.py" line="221"/>
        <source>{rows} de {total} renglones</source>
        <translation>{rows} of {total} rows</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/report_table.py" line="226"/>
        <source>Consultando…</source>
        <translation>Reading…</translation>
    </message>
</context>
<context>
    <name>RunNotices</name>
    <message>
        <location filename="../../o2c_desktop/ui/run_notices.py" line="29"/>
        <source>Horario «{schedule}» terminado</source>
        <translation>Schedule “{schedule}” finished</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/run_notices.py" line="30"/>
        <source>La ejecución {run} terminó bien.</source>
        <translation>Run {run} finished well.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/run_notices.py" line="33"/>
        <source>Horario «{schedule}» necesita a una persona</source>
        <translation>Schedule “{schedule}” needs a person</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/run_notices.py" line="36"/>
        <source>La ejecución {run} se detuvo esperando a una persona. {detail}</source>
        <translation>Run {run} stopped waiting for a person. {detail}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/run_notices.py" line="41"/>
        <source>Horario «{schedule}» con problemas</source>
        <translation>Schedule “{schedule}” had problems</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/run_notices.py" line="42"/>
        <source>La ejecución {run} no terminó bien. {detail}</source>
        <translation>Run {run} did not finish well. {detail}</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="112"/>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="70"/>
        <source>Ejecuciones</source>
        <translation>Runs</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="72"/>
        <source>Ejecución</source>
        <translation>Run</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="72"/>
        <source>Inicio (UTC)</source>
        <translation>Started (UTC)</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="72"/>
        <source>Origen</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="72"/>
        <source>Portales</source>
        <translation>Portals</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="73"/>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="75"/>
        <source>Resultado</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="73"/>
        <source>Mensaje</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="75"/>
        <source>Paso</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="75"/>
        <source>Portal</source>
        <translation>Portal</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="75"/>
        <source>Reporte</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="76"/>
        <source>Archivos</source>
        <translation>Files</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="76"/>
        <source>Segundos</source>
        <translation>Seconds</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="76"/>
        <source>Motivo</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="78"/>
        <source>Archivo</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="78"/>
        <source>Desde</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="78"/>
        <source>Hasta</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="78"/>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="83"/>
        <source>Actualizar</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="85"/>
        <source>Abrir evidencia</source>
        <translation>Open evidence</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="130"/>
        <source>Para descargar de los portales, use «Sincronizar portales» en la página Sincronizar, o agregue un horario en Horarios; cada sincronización aparecerá aquí con sus pasos y evidencia.</source>
        <translation>To download from the portals, use “Sync portals” on the Sync page, or add a schedule under Schedules; every sync will be listed here with its steps and evidence.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/runs_page.py" line="136"/>
        <source>Aún no hay sincronizaciones. Archivos importados con «o2c import»: {count}; las importaciones no son ejecuciones: sus datos ya están en los reportes, y cada exportación a Excel lista los archivos fuente en su hoja Parámetros.</source>
        <translation>No syncs yet. Files imported with “o2c import”: {count}; imports are not runs: their data is already in the reports, and every Excel export lists its source files on its “Parámetros” sheet.</translation>
    </message>
</context>
<context>
    <name>ScheduleDialog</name>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="48"/>
        <source>Editar horario</source>
        <translation>Edit schedule</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="48"/>
        <source>Nuevo horario</source>
        <translation>New schedule</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="53"/>
        <source>p. ej. diario-manana</source>
        <translation>e.g. daily-morning</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="57"/>
        <source>Sincronizar portales</source>
        <translation>Sync portals</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="57"/>
        <source>Folios faltantes</source>
        <translation>Missing folios</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="58"/>
        <source>Enviar a la nube</source>
        <translation>Push to the cloud</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="60"/>
        <source>Diario</source>
        <translation>Daily</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="60"/>
        <source>Semanal</source>
        <translation>Weekly</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="61"/>
        <source>Mensual</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="61"/>
        <source>Expresión cron</source>
        <translation>Cron expression</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="65"/>
        <source>lun</source>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="65"/>
        <source>mar</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="65"/>
        <source>mié</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="65"/>
        <source>jue</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="66"/>
        <source>vie</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="66"/>
        <source>sáb</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="66"/>
        <source>dom</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="90"/>
        <source>En pausa</source>
        <translation>Paused</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="103"/>
        <source>Nombre</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="104"/>
        <source>Tarea</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="105"/>
        <source>Frecuencia</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="106"/>
        <source>Hora</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="107"/>
        <source>Días de la semana</source>
        <translation>Weekdays</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="108"/>
        <source>Día del mes</source>
        <translation>Day of month</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="109"/>
        <source>Cron</source>
        <translation>Cron</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="110"/>
        <source>Portales (ninguno = todos)</source>
        <translation>Portals (none = all)</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="153"/>
        <source>Revise el nombre «{name}»: minúsculas, números, - o _, hasta 40 caracteres.</source>
        <translation>Check the name “{name}”: lowercase letters, digits, - or _, up to 40 characters.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/dialogs/schedule_dialog.py" line="158"/>
        <source>Elija al menos un día de la semana.</source>
        <translation>Choose at least one weekday.</translation>
    </message>
</context>
<context>
    <name>SchedulesPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="39"/>
        <source>lun</source>
        <translation>Mon</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="40"/>
        <source>mar</source>
        <translation>Tue</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="41"/>
        <source>mié</source>
        <translation>Wed</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="42"/>
        <source>jue</source>
        <translation>Thu</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="43"/>
        <source>vie</source>
        <translation>Fri</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="44"/>
        <source>sáb</source>
        <translation>Sat</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="45"/>
        <source>dom</source>
        <translation>Sun</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="51"/>
        <source>diario {time}</source>
        <translation>daily {time}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="55"/>
        <source>semanal {days} {time}</source>
        <translation>weekly {days} {time}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="58"/>
        <source>mensual día {day} {time}</source>
        <translation>monthly day {day} {time}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="60"/>
        <source>cron «{expression}»</source>
        <translation>cron “{expression}”</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="66"/>
        <source>Sincronizar portales</source>
        <translation>Sync portals</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="67"/>
        <source>Folios faltantes</source>
        <translation>Missing folios</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="68"/>
        <source>Enviar a la nube</source>
        <translation>Push to the cloud</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="79"/>
        <source>todos</source>
        <translation>all</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="80"/>
        <source>activo</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="82"/>
        <source>en pausa</source>
        <translation>paused</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="118"/>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="99"/>
        <source>Horarios</source>
        <translation>Schedules</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="107"/>
        <source>Horario</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="107"/>
        <source>Tarea</source>
        <translation>Task</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="107"/>
        <source>Frecuencia</source>
        <translation>Frequency</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="107"/>
        <source>Portales</source>
        <translation>Portals</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="108"/>
        <source>Estado</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="108"/>
        <source>Próxima ejecución</source>
        <translation>Next run</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="108"/>
        <source>Último resultado</source>
        <translation>Last result</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="109"/>
        <source>Omitidas</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="109"/>
        <source>Último motivo</source>
        <translation>Last reason</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="118"/>
        <source>Agregar…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="119"/>
        <source>Editar…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="120"/>
        <source>Pausar</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="121"/>
        <source>Reanudar</source>
        <translation>Resume</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="123"/>
        <source>Quitar</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="124"/>
        <source>Actualizar</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="161"/>
        <source>Los horarios no se ejecutan desde esta ventana: {reason}</source>
        <translation>Schedules do not run from this window: {reason}</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="166"/>
        <source>El programador de tareas está activo.</source>
        <translation>The scheduler is running.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="169"/>
        <source>El programador de tareas está detenido.</source>
        <translation>The scheduler is stopped.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="190"/>
        <source>No hay horarios. Use «Agregar…» para programar una sincronización de portales, el reporte de folios faltantes o el envío a la nube (o, en la terminal, «o2c schedule add»).</source>
        <translation>No schedules. Use “Add…” to schedule a portal sync, the missing folios report or the cloud push (or, in a terminal, “o2c schedule add”).</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="245"/>
        <source>Horario «{name}» guardado.</source>
        <translation>Schedule “{name}” saved.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="258"/>
        <source>Horario «{name}» activo.</source>
        <translation>Schedule “{name}” active.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="259"/>
        <source>Horario «{name}» en pausa.</source>
        <translation>Schedule “{name}” paused.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/schedules_page.py" line="267"/>
        <source>Horario «{name}» quitado.</source>
        <translation>Schedule “{name}” removed.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="124"/>
        <location filename="../../o2c_desktop/ui/pages/settings_page.py" line="21"/>
        <source>Configuración</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/settings_page.py" line="30"/>
        <source>Portal de demostración</source>
        <translation>Demo portal</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/settings_page.py" line="31"/>
        <source>Portales reales de las instituciones</source>
        <translation>The institutions&apos; real portals</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/settings_page.py" line="33"/>
        <source>Navegador oculto (sin ventana)</source>
        <translation>Hidden browser (no window)</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/settings_page.py" line="36"/>
        <source>Credenciales de portales…</source>
        <translation>Portal credentials…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/settings_page.py" line="41"/>
        <source>Idioma (al reiniciar)</source>
        <translation>Language (after restart)</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/settings_page.py" line="42"/>
        <source>Portales</source>
        <translation>Portals</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/settings_page.py" line="58"/>
        <source>Configuración guardada.</source>
        <translation>Settings saved.</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../o2c_desktop/ui/page_specs.py" line="69"/>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="66"/>
        <source>Sincronizar</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="104"/>
        <source>Mostrar el navegador</source>
        <translation>Show the browser</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="108"/>
        <source>Desde</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="109"/>
        <source>Hasta</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="112"/>
        <source>Sincronizar portales</source>
        <translation>Sync portals</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="114"/>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="132"/>
        <source>Registro de la ejecución:</source>
        <translation>Run log:</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="152"/>
        <source>Ya hay una sincronización en curso. Espere a que termine o cancélela.</source>
        <translation>A sync is already running. Wait for it to finish or cancel it.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="158"/>
        <source>Elija al menos un portal.</source>
        <translation>Choose at least one portal.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="170"/>
        <source>En espera</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="170"/>
        <source>No elegido</source>
        <translation>Not chosen</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="173"/>
        <source>Sincronización iniciada: {portals}.</source>
        <translation>Sync started: {portals}.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="174"/>
        <source>Sincronizando…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="196"/>
        <source>Cancelando…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="197"/>
        <source>Cancelación pedida; el paso en curso se detiene.</source>
        <translation>Cancellation requested; the current step is stopping.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="205"/>
        <source>{portal}: se necesita resolver un captcha.</source>
        <translation>{portal}: a captcha needs solving.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="226"/>
        <source>Ejecución {run}: {status}. {files} archivos, {rows} filas en {seconds} s.</source>
        <translation>Run {run}: {status}. {files} files, {rows} rows in {seconds} s.</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/pages/sync_page.py" line="236"/>
        <source>La sincronización se detuvo por un error interno.</source>
        <translation>The sync stopped because of an internal error.</translation>
    </message>
</context>
<context>
    <name>TableCountsModel</name>
    <message>
        <location filename="../../o2c_desktop/ui/table_counts_model.py" line="67"/>
        <source>Tabla</source>
        <translation>Table</translation>
    </message>
    <message>
        <location filename="../../o2c_desktop/ui/table_counts_model.py" line="69"/>
        <source>Filas</source>
        <translation>Rows</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../o2c_desktop/ui/app.py" line="152"/>
        <source>o2c_desktop no puede iniciar</source>
        <translation>o2c_desktop cannot start</translation>
    </message>
</context>
</TS>
