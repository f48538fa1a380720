#Requires -Version 7.4
<#
.SYNOPSIS
    Builds the module's cmdlet help (MAML) from the cmdlets themselves and the help sources in module/help.
.DESCRIPTION
    Called by build.ps1 after the module has been published into -ModuleDirectory. It writes
    <ModuleDirectory>/en-US/<RootModule>-Help.xml, the file Get-Help reads for binary cmdlets, and copies the
    about_ topics from module/en-US beside it.

    Two sources are merged, each for what it knows best:
      - the cmdlets' metadata (Get-Command): parameter sets, names, types, Mandatory, Position, pipeline input,
        aliases, defaults, output types. Help never has to restate these, so it cannot fall out of step;
      - module/help/<Cmdlet>.psd1, the words: synopsis, description, parameter descriptions, examples, notes,
        links. Paragraphs are separated by blank lines; lines within a paragraph are joined, except lines that
        start with '-', '*' or indentation, which keep their own line (lists and small tables).

    The build fails, naming everything that is missing, when an exported cmdlet has no help source, no synopsis,
    description or example, or a parameter without a description: help can never silently go missing.
.EXAMPLE
    ./build/Build-Help.ps1 -ModuleDirectory ./out/InvokeAI.PowerShell
#>
[CmdletBinding()]
param(
    # The published module folder: the manifest, the assemblies, and where en-US/ is written.
    [Parameter(Mandatory)]
    [string] $ModuleDirectory,

    # One <Cmdlet>.psd1 help source per cmdlet.
    [string] $HelpSourceDirectory = (Join-Path $PSScriptRoot '../module/help'),

    # The about_ topics (about_*.help.txt) to ship with the module.
    [string] $AboutTopicDirectory = (Join-Path $PSScriptRoot '../module/en-US')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$MamlNamespaces = @{
    msh     = 'http://msh'
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

# The words PowerShell's own help uses for the ShouldProcess parameters; a help source may replace them.
$ShouldProcessDescriptions = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}

$HelpSourceKeys = 'Synopsis', 'Description', 'Parameters', 'Examples', 'Notes', 'Links', 'Inputs', 'Outputs'

#region Cmdlet metadata, read in a child pwsh

# Runs in the child pwsh. Importing the module here instead would load its assemblies into the build's own
# process, where they stay loaded (and, on Windows, locked) until the process ends.
$ReadCmdletMetadata = {
    param([string] $ManifestPath, [string] $OutputPath)
    $ErrorActionPreference = 'Stop'
    $module = Import-Module $ManifestPath -PassThru
    $common = [System.Management.Automation.Cmdlet]::CommonParameters
    # WhatIf and Confirm: PowerShell adds them to the parameter sets only when the cmdlet declares
    # SupportsShouldProcess, so they are kept (and described) exactly when the cmdlet has them.
    $shouldProcess = [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    function Get-DisplayTypeName([type] $Type) {
        # The short names Get-Help shows in syntax (String, Int32, InitImageSource[]), Nullable<T> shown as T.
        $underlying = [Nullable]::GetUnderlyingType($Type)
        if ($underlying) { return $underlying.Name }
        return $Type.Name
    }

    function Get-DefaultText([type] $CmdletType, $Instance, [string] $Name) {
        # A binary cmdlet's defaults are its property initialisers: read them off a fresh instance. A render
        # setting's parameter is null until given; its default is declared once, in RenderSettings.Defaults.
        $value = $CmdletType.GetProperty($Name).GetValue($Instance)
        $settings = [InvokeAI.Core.Pipelines.RenderSettings]
        if ($null -eq $value -and $CmdletType.IsSubclassOf([InvokeAI.PowerShell.Commands.RenderCmdlet]) -and $Name -in $settings::Names) {
            $value = $settings::Defaults.ValueOf($Name)
        }
        if ($value -is [System.Management.Automation.SwitchParameter]) { return [string]$value.IsPresent }
        if ($null -eq $value -or ($value -is [string] -and $value -eq '') -or ($value -is [array] -and $value.Count -eq 0)) { return 'None' }
        return [string]::Format([cultureinfo]::InvariantCulture, '{0}', $value)
    }

    function Get-ValidValues($Parameter) {
        # Enumerations and [ValidateSet] become {A | B} in syntax, as PowerShell's own help shows them.
        $set = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
        if ($set) { return @($set.ValidValues) }
        $type = $Parameter.ParameterType
        if ($type.IsArray) { $type = $type.GetElementType() }
        $type = [Nullable]::GetUnderlyingType($type) ?? $type
        if ($type.IsEnum) { return @([enum]::GetNames($type)) }
        return @()
    }

    $commands = foreach ($command in Get-Command -Module $module.Name -CommandType Cmdlet) {
        $type = $command.ImplementingType
        $instance = [Activator]::CreateInstance($type)
        $info = [pscustomobject]@{
            Name          = $command.Name
            Verb          = $command.Verb
            Noun          = $command.Noun
            OutputTypes   = @($command.OutputType | ForEach-Object { if ($_.Type) { $_.Type.FullName } else { $_.Name } })
            ParameterSets = @(foreach ($set in $command.ParameterSets) {
                    [pscustomobject]@{
                        Name       = $set.Name
                        IsDefault  = $set.IsDefault -or $set.Name -eq $command.DefaultParameterSet
                        Parameters = @(foreach ($parameter in $set.Parameters) {
                                if ($parameter.Name -in $common) { continue }
                                [pscustomobject]@{
                                    Name            = $parameter.Name
                                    TypeName        = $parameter.ParameterType.FullName
                                    DisplayTypeName = Get-DisplayTypeName $parameter.ParameterType
                                    IsSwitch        = $parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]
                                    IsArray         = $parameter.ParameterType.IsArray
                                    IsShouldProcess = $parameter.Name -in $shouldProcess
                                    Mandatory       = $parameter.IsMandatory
                                    Position        = $parameter.Position
                                    ByValue         = $parameter.ValueFromPipeline
                                    ByPropertyName  = $parameter.ValueFromPipelineByPropertyName
                                    Aliases         = @($parameter.Aliases)
                                    Wildcards       = [bool]($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                                    ValidValues     = @(Get-ValidValues $parameter)
                                    Default         = if ($parameter.Name -in $shouldProcess) { 'False' } else { Get-DefaultText $type $instance $parameter.Name }
                                }
                            })
                    }
                })
        }
        if ($instance -is [IDisposable]) { $instance.Dispose() }
        $info
    }
    ConvertTo-Json -InputObject @($commands) -Depth 8 | Set-Content -LiteralPath $OutputPath -Encoding utf8
}

function Get-ChildPwsh {
    # A fresh pwsh of the same installation: under `dotnet pwsh` the process is dotnet and pwsh.dll its argument.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { return @($process, (Join-Path $PSHOME 'pwsh.dll')) }
    return @($process)
}

function Read-CmdletMetadata {
    # Runs $ReadCmdletMetadata in a child pwsh and returns what it found. The result travels through a file,
    # not stdout, because a child pwsh writes its warning and verbose streams to stdout too.
    param([string] $ManifestPath)
    $resultPath = Join-Path ([IO.Path]::GetTempPath()) "InvokeAI-help-metadata-$([guid]::NewGuid().ToString('N')).json"
    $quote = { param($text) "'" + ($text -replace "'", "''") + "'" }
    $script = "& { $ReadCmdletMetadata } -ManifestPath $(& $quote $ManifestPath) -OutputPath $(& $quote $resultPath)"
    # -EncodedCommand: no quoting rules of any shell or platform stand between the script and the child.
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
    $pwsh = @(Get-ChildPwsh)
    $prefix = @($pwsh | Select-Object -Skip 1)
    try {
        & $pwsh[0] @prefix -NoProfile -NonInteractive -EncodedCommand $encoded
        if ($LASTEXITCODE -ne 0) { throw "Reading the cmdlets of '$ManifestPath' in a child pwsh failed (exit code $LASTEXITCODE)." }
        return @(Get-Content -Raw -LiteralPath $resultPath | ConvertFrom-Json)
    }
    finally {
        Remove-Item -LiteralPath $resultPath -ErrorAction SilentlyContinue
    }
}

#endregion

#region Help sources

function Get-HelpSourcePath([string] $CmdletName) { Join-Path $HelpSourceDirectory "$CmdletName.psd1" }

function Get-DisplayPath([string] $Path) {
    # Paths in messages as a developer finds them in the repository (module/help/Save-Image.psd1).
    $relative = [IO.Path]::GetRelativePath((Join-Path $PSScriptRoot '..'), $Path)
    if ($relative.StartsWith('..')) { return $Path }
    return $relative -replace '\\', '/'
}

function Read-HelpSource {
    # The cmdlet's <Cmdlet>.psd1, or $null when there is none (reported by Get-HelpProblem).
    param([string] $CmdletName)
    $path = Get-HelpSourcePath $CmdletName
    if (-not (Test-Path -LiteralPath $path)) { return $null }
    return Import-PowerShellDataFile -LiteralPath $path
}

function Get-SourceParameter {
    # A parameter entry is either its description or @{ Description = '...'; DefaultValue = '...' }, the latter
    # for defaults the property initialiser cannot show (an omitted -Seed means "random", not 0).
    param([hashtable] $Source, [string] $Name)
    $parameters = $Source['Parameters']
    if ($parameters -isnot [hashtable] -or -not $parameters.ContainsKey($Name)) { return $null }
    $entry = $parameters[$Name]
    if ($entry -is [hashtable]) { return [pscustomobject]@{ Description = $entry['Description']; DefaultValue = $entry['DefaultValue'] } }
    return [pscustomobject]@{ Description = [string]$entry; DefaultValue = $null }
}

function Test-Text([object] $Text) { return $null -ne $Text -and -not [string]::IsNullOrWhiteSpace([string]$Text) }

function Get-HelpProblem {
    # Everything missing from one cmdlet's help, as sentences naming the file and the item.
    param($Command, [hashtable] $Source)
    $file = Get-DisplayPath (Get-HelpSourcePath $Command.Name)
    if ($null -eq $Source) { return "$($Command.Name) has no help source ($file)." }
    foreach ($key in $Source.Keys | Where-Object { $_ -notin $HelpSourceKeys }) {
        "$file has an unknown key '$key' (known: $($HelpSourceKeys -join ', '))."
    }
    if (-not (Test-Text $Source['Synopsis'])) { "$file has no Synopsis." }
    if (-not (Test-Text $Source['Description'])) { "$file has no Description." }
    foreach ($parameter in Get-AllParameters $Command) {
        if ($parameter.IsShouldProcess) { continue }   # PowerShell's standard words apply unless the source has its own
        $entry = Get-SourceParameter $Source $parameter.Name
        if ($null -eq $entry -or -not (Test-Text $entry.Description)) {
            "$($Command.Name) -$($parameter.Name) has no description in $file (Parameters.$($parameter.Name))."
        }
    }
    $examples = @($Source['Examples'] | Where-Object { $_ -is [hashtable] -and (Test-Text $_['Code']) })
    if ($examples.Count -eq 0) { "$file has no example with Code." }
    foreach ($link in @($Source['Links'] | Where-Object { $_ -like 'about_*' })) {
        if (-not (Test-Path -LiteralPath (Join-Path $AboutTopicDirectory "$link.help.txt"))) {
            "$file links to $link, but there is no $link.help.txt in $(Get-DisplayPath $AboutTopicDirectory)."
        }
    }
}

function Write-StaleHelpWarning {
    # Descriptions of parameters or types the cmdlet no longer has do no harm in the built help (they are not
    # written) but are a sign of a rename; a warning, because failing would block the rename's own author.
    param($Command, [hashtable] $Source)
    if ($null -eq $Source -or $Source['Parameters'] -isnot [hashtable]) { return }
    $names = @(Get-AllParameters $Command).Name
    $file = Get-DisplayPath (Get-HelpSourcePath $Command.Name)
    foreach ($name in $Source['Parameters'].Keys | Where-Object { $_ -notin $names }) {
        Write-Warning "$file describes -$name, which $($Command.Name) does not have."
    }
    $inputs = @(Get-InputHelp (Get-AllParameters $Command) $null | ForEach-Object TypeName)
    foreach ($type in @($Source['Inputs'] | Where-Object { $_ -is [hashtable] } | ForEach-Object Keys) | Where-Object { $_ -notin $inputs }) {
        Write-Warning "$file describes input type $type, which no pipeline parameter of $($Command.Name) takes."
    }
    foreach ($type in @($Source['Outputs'] | Where-Object { $_ -is [hashtable] } | ForEach-Object Keys) | Where-Object { $_ -notin $Command.OutputTypes }) {
        Write-Warning "$file describes output type $type, which $($Command.Name) does not declare in [OutputType]."
    }
}

#endregion

#region Merging metadata and words

function Get-SyntaxOrder {
    # The order Get-Command shows parameters in: positional by position, then mandatory named, then optional
    # named (each in declaration order), the ShouldProcess pair last.
    param([object[]] $Parameters)
    $positional = @($Parameters | Where-Object { $_.Position -ge 0 } | Sort-Object Position)
    $named = @($Parameters | Where-Object { $_.Position -lt 0 -and -not $_.IsShouldProcess })
    return @($positional) + @($named | Where-Object Mandatory) + @($named | Where-Object { -not $_.Mandatory }) +
        @($Parameters | Where-Object IsShouldProcess)
}

function Get-OrderedParameterSets {
    # The default parameter set first, as Get-Command shows it.
    param($Command)
    return @($Command.ParameterSets | Where-Object IsDefault) + @($Command.ParameterSets | Where-Object { -not $_.IsDefault })
}

function Get-AllParameters {
    # Every parameter once, in the order of the syntax: the default set's, then those only other sets have.
    # Required if required in every set that has it; the position is the first such set's.
    param($Command)
    $byName = [ordered]@{}
    foreach ($set in Get-OrderedParameterSets $Command) {
        foreach ($parameter in Get-SyntaxOrder $set.Parameters) {
            if (-not $byName.Contains($parameter.Name)) {
                $byName[$parameter.Name] = $parameter.PSObject.Copy()
            }
            elseif (-not $parameter.Mandatory) {
                $byName[$parameter.Name].Mandatory = $false
            }
        }
    }
    # The ShouldProcess pair ends the list, as in the syntax, even after parameters of later sets.
    $all = @($byName.Values)
    return @($all | Where-Object { -not $_.IsShouldProcess }) + @($all | Where-Object IsShouldProcess)
}

function Get-PipelineInputText($Parameter) {
    # The wording Get-Help shows under "Accept pipeline input?".
    $kinds = @(if ($Parameter.ByPropertyName) { 'ByPropertyName' }; if ($Parameter.ByValue) { 'ByValue' })
    if ($kinds.Count -eq 0) { return 'False' }
    return "True ($($kinds -join ', '))"
}

function Get-ParameterHelp {
    # One parameter's help: the metadata plus the source's description (or the standard ShouldProcess words).
    param($Parameter, [hashtable] $Source)
    $entry = Get-SourceParameter $Source $Parameter.Name
    $description = if ($entry -and (Test-Text $entry.Description)) { $entry.Description } else { $ShouldProcessDescriptions[$Parameter.Name] }
    $default = if ($entry -and (Test-Text $entry.DefaultValue)) { $entry.DefaultValue } else { $Parameter.Default }
    $help = $Parameter.PSObject.Copy()
    $help | Add-Member -NotePropertyMembers @{ Description = $description; DefaultText = $default; PipelineInput = Get-PipelineInputText $Parameter } -Force
    return $help
}

function Get-SourceText {
    # The source's words for a key of its Inputs or Outputs table, or the given default.
    param($Table, [string] $Key, [string] $Default)
    if ($Table -is [hashtable] -and (Test-Text $Table[$Key])) { return $Table[$Key] }
    return $Default
}

function Get-InputHelp {
    # What can be piped in: the types of by-value parameters (an array parameter takes its element type).
    param([object[]] $Parameters, $Descriptions)
    foreach ($group in @($Parameters | Where-Object ByValue) | Group-Object { $_.TypeName -replace '\[\]$' }) {
        $targets = ($group.Group | ForEach-Object { "-$($_.Name)" }) -join ', '
        [pscustomobject]@{
            TypeName    = $group.Name
            Description = Get-SourceText $Descriptions $group.Name "You can pipe $($group.Name) objects to $targets."
        }
    }
}

function Get-OutputHelp {
    # What comes out: the cmdlet's [OutputType] declarations.
    param($Command, $Descriptions)
    foreach ($type in $Command.OutputTypes | Select-Object -Unique) {
        [pscustomobject]@{ TypeName = $type; Description = Get-SourceText $Descriptions $type "$($Command.Name) writes $type objects." }
    }
}

function Merge-CommandHelp {
    # The complete help of one cmdlet, ready to be written.
    param($Command, [hashtable] $Source)
    $parameters = @(Get-AllParameters $Command | ForEach-Object { Get-ParameterHelp $_ $Source })
    [pscustomobject]@{
        Name          = $Command.Name
        Verb          = $Command.Verb
        Noun          = $Command.Noun
        Synopsis      = $Source['Synopsis']
        Description   = $Source['Description']
        SyntaxItems   = @(foreach ($set in Get-OrderedParameterSets $Command) {
                , @(Get-SyntaxOrder $set.Parameters | ForEach-Object { Get-ParameterHelp $_ $Source })
            })
        Parameters    = $parameters
        Inputs        = @(Get-InputHelp $parameters $Source['Inputs'])
        Outputs       = @(Get-OutputHelp $Command $Source['Outputs'])
        Notes         = $Source['Notes']
        Examples      = @($Source['Examples'])
        Links         = @($Source['Links'])
    }
}

#endregion

#region Writing MAML

function ConvertTo-Paragraph {
    # Text from a help source as paragraphs: blank lines separate them; a paragraph's lines are joined into one
    # (Get-Help wraps them to the console), except lines starting with '-', '*', a number and '.', or
    # indentation, which keep their line break so lists and small tables survive.
    param([string] $Text)
    if ([string]::IsNullOrWhiteSpace($Text)) { return }
    $lines = @(Remove-Indentation $Text)
    $paragraph = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $lines + '') {
        if ($line.Trim() -eq '') {
            if ($paragraph.Count -gt 0) { Join-ParagraphLines $paragraph; $paragraph.Clear() }
            continue
        }
        $paragraph.Add($line.TrimEnd())
    }
}

function Join-ParagraphLines([System.Collections.Generic.List[string]] $Lines) {
    $text = [System.Text.StringBuilder]::new()
    foreach ($line in $Lines) {
        if ($text.Length -eq 0) { [void]$text.Append($line) }
        elseif ($line -match '^(\s|[-*]\s|\d+\.\s)') { [void]$text.Append("`n").Append($line) }
        else { [void]$text.Append(' ').Append($line.Trim()) }
    }
    return $text.ToString()
}

function Remove-Indentation([string] $Text) {
    # Here-strings in the sources may be indented to sit well in the file; the common indentation is not text.
    $lines = ($Text -replace "`r`n", "`n").Trim("`n") -split "`n"
    $indents = @($lines | Where-Object { $_.Trim() } | ForEach-Object { $_.Length - $_.TrimStart().Length })
    $common = if ($indents.Count) { ($indents | Measure-Object -Minimum).Minimum } else { 0 }
    return @($lines | ForEach-Object { if ($_.Length -ge $common) { $_.Substring($common) } else { $_.TrimStart() } })
}

function Write-Element {
    # <prefix:name>text</prefix:name>
    param([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name, [string] $Text)
    $Writer.WriteElementString($Prefix, $Name, $MamlNamespaces[$Prefix], $Text)
}

function Write-Start([System.Xml.XmlWriter] $Writer, [string] $Prefix, [string] $Name) {
    $Writer.WriteStartElement($Prefix, $Name, $MamlNamespaces[$Prefix])
}

function Write-Description {
    # <maml:description> with one <maml:para> per paragraph (an empty para when there is no text, as MAML wants).
    param([System.Xml.XmlWriter] $Writer, [string] $Text, [string] $Prefix = 'maml', [string] $Name = 'description',
        [switch] $TrailingBlankLine)
    Write-Start $Writer $Prefix $Name
    $paragraphs = @(ConvertTo-Paragraph $Text)
    if ($paragraphs.Count -eq 0) { $paragraphs = @('') }
    if ($TrailingBlankLine) { $paragraphs += '' }
    foreach ($paragraph in $paragraphs) { Write-Element $Writer 'maml' 'para' $paragraph }
    $Writer.WriteEndElement()
}

function Write-Type([System.Xml.XmlWriter] $Writer, [string] $TypeName) {
    Write-Start $Writer 'dev' 'type'
    Write-Element $Writer 'maml' 'name' $TypeName
    $Writer.WriteEndElement()
}

function Write-Parameter {
    # <command:parameter> as both command:syntax and command:parameters use it. In syntax a switch has no
    # value (Get-Help shows [-Force], not [-Force <SwitchParameter>]) and a fixed set of values is listed.
    param([System.Xml.XmlWriter] $Writer, $Parameter, [switch] $InSyntax)
    Write-Start $Writer 'command' 'parameter'
    $Writer.WriteAttributeString('required', ([string]$Parameter.Mandatory).ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ([string]$Parameter.IsArray).ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([string]$Parameter.Wildcards).ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $Parameter.PipelineInput)
    $Writer.WriteAttributeString('position', $(if ($Parameter.Position -ge 0) { [string]$Parameter.Position } else { 'named' }))
    $Writer.WriteAttributeString('aliases', $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' }))
    Write-Element $Writer 'maml' 'name' $Parameter.Name
    Write-Description $Writer $Parameter.Description
    if ($InSyntax -and $Parameter.ValidValues.Count) {
        Write-Start $Writer 'command' 'parameterValueGroup'
        foreach ($value in $Parameter.ValidValues) {
            Write-Start $Writer 'command' 'parameterValue'
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    elseif (-not ($InSyntax -and $Parameter.IsSwitch)) {
        Write-Start $Writer 'command' 'parameterValue'
        $Writer.WriteAttributeString('required', ([string](-not $Parameter.IsSwitch)).ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', ([string]$Parameter.IsArray).ToLowerInvariant())
        $Writer.WriteString($Parameter.DisplayTypeName)
        $Writer.WriteEndElement()
    }
    Write-Type $Writer $Parameter.TypeName
    Write-Element $Writer 'dev' 'defaultValue' $Parameter.DefaultText
    $Writer.WriteEndElement()
}

function Write-TypeList {
    # command:inputTypes/command:inputType or command:returnValues/command:returnValue.
    param([System.Xml.XmlWriter] $Writer, [string] $ListName, [string] $ItemName, [object[]] $Types)
    Write-Start $Writer 'command' $ListName
    foreach ($type in $Types) {
        Write-Start $Writer 'command' $ItemName
        Write-Type $Writer $type.TypeName
        Write-Description $Writer $type.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-Example {
    param([System.Xml.XmlWriter] $Writer, [hashtable] $Example, [int] $Number)
    $title = if (Test-Text $Example['Title']) { "Example $($Number): $($Example['Title'])" } else { "Example $Number" }
    # PowerShell's rule of dashes either side, shortened so that the title fits an 80-column console.
    $dashes = '-' * [math]::Clamp([int][math]::Floor((76 - $title.Length - 2) / 2), 2, 26)
    Write-Start $Writer 'command' 'example'
    Write-Element $Writer 'maml' 'title' "$dashes $title $dashes"
    Write-Element $Writer 'dev' 'code' ((Remove-Indentation $Example['Code']) -join "`n")
    Write-Description $Writer $Example['Remarks'] -Prefix 'dev' -Name 'remarks' -TrailingBlankLine
    $Writer.WriteEndElement()
}

function Write-RelatedLink([System.Xml.XmlWriter] $Writer, [string] $Link) {
    # A URL goes in maml:uri (the first one is what Get-Help -Online opens); a topic or cmdlet name is link text.
    Write-Start $Writer 'maml' 'navigationLink'
    $isUrl = $Link -match '^https?://'
    Write-Element $Writer 'maml' 'linkText' $(if ($isUrl) { 'Online Version:' } else { $Link })
    Write-Element $Writer 'maml' 'uri' $(if ($isUrl) { $Link } else { '' })
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    # One <command:command>, in the element order of PowerShell's own help files.
    param([System.Xml.XmlWriter] $Writer, $Help)
    Write-Start $Writer 'command' 'command'
    Write-Start $Writer 'command' 'details'
    Write-Element $Writer 'command' 'name' $Help.Name
    Write-Element $Writer 'command' 'verb' $Help.Verb
    Write-Element $Writer 'command' 'noun' $Help.Noun
    Write-Description $Writer $Help.Synopsis
    $Writer.WriteEndElement()
    Write-Description $Writer $Help.Description

    Write-Start $Writer 'command' 'syntax'
    foreach ($syntaxItem in $Help.SyntaxItems) {
        Write-Start $Writer 'command' 'syntaxItem'
        Write-Element $Writer 'maml' 'name' $Help.Name
        foreach ($parameter in $syntaxItem) { Write-Parameter $Writer $parameter -InSyntax }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    Write-Start $Writer 'command' 'parameters'
    foreach ($parameter in $Help.Parameters) { Write-Parameter $Writer $parameter }
    $Writer.WriteEndElement()

    Write-TypeList $Writer 'inputTypes' 'inputType' $Help.Inputs
    Write-TypeList $Writer 'returnValues' 'returnValue' $Help.Outputs

    if (Test-Text $Help.Notes) {
        Write-Start $Writer 'maml' 'alertSet'
        Write-Description $Writer $Help.Notes -Name 'alert'
        $Writer.WriteEndElement()
    }

    Write-Start $Writer 'command' 'examples'
    $number = 0
    foreach ($example in $Help.Examples) { Write-Example $Writer $example (++$number) }
    $Writer.WriteEndElement()

    Write-Start $Writer 'maml' 'relatedLinks'
    foreach ($link in $Help.Links) { Write-RelatedLink $Writer $link }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}

function Write-MamlFile {
    # The whole helpItems document. Written to a temporary file and moved into place, so a failed build never
    # leaves a truncated help file that Get-Help would choke on.
    param([string] $Path, [object[]] $Help)
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $temporary = "$Path.tmp"
    $writer = [System.Xml.XmlWriter]::Create($temporary, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', $MamlNamespaces.msh)
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') {
            $writer.WriteAttributeString('xmlns', $prefix, $null, $MamlNamespaces[$prefix])
        }
        foreach ($command in $Help) { Write-CommandHelp $writer $command }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
    Move-Item -LiteralPath $temporary -Destination $Path -Force
}

#endregion

function Copy-AboutTopics {
    param([string] $Destination)
    $topics = @(Get-ChildItem -LiteralPath $AboutTopicDirectory -Filter 'about_*.help.txt' -File)
    if (-not ($topics.Name -contains 'about_InvokeAI.help.txt')) {
        throw "The about topic $(Get-DisplayPath (Join-Path $AboutTopicDirectory 'about_InvokeAI.help.txt')) is missing."
    }
    $topics | Copy-Item -Destination $Destination -Force
}

$ModuleDirectory = (Resolve-Path -LiteralPath $ModuleDirectory).ProviderPath
$HelpSourceDirectory = [IO.Path]::GetFullPath($HelpSourceDirectory)
$AboutTopicDirectory = [IO.Path]::GetFullPath($AboutTopicDirectory)
$manifestPath = Join-Path $ModuleDirectory "$(Split-Path -Leaf $ModuleDirectory).psd1"
$manifest = Import-PowerShellDataFile -LiteralPath $manifestPath

$commands = @(Read-CmdletMetadata $manifestPath)
$sources = @{}
foreach ($command in $commands) { $sources[$command.Name] = Read-HelpSource $command.Name }

# Every problem at once, so one build run lists all the help still to write.
$problems = @(
    $exported = @($manifest['CmdletsToExport'] | Where-Object { -not [WildcardPattern]::ContainsWildcardCharacters($_) })
    foreach ($name in @($exported | Where-Object { $_ -notin $commands.Name })) {
        "$name is exported by the manifest but the module has no such cmdlet."
    }
    foreach ($command in $commands) { Get-HelpProblem $command $sources[$command.Name] }
)
if ($problems.Count) {
    throw "Help is incomplete; fix $(Get-DisplayPath $HelpSourceDirectory) and build again:`n  - $($problems -join "`n  - ")"
}
foreach ($command in $commands) { Write-StaleHelpWarning $command $sources[$command.Name] }

$culture = Join-Path $ModuleDirectory 'en-US'
New-Item -ItemType Directory -Path $culture -Force | Out-Null
$helpFile = Join-Path $culture "$($manifest['RootModule'])-Help.xml"
Write-MamlFile $helpFile @($commands | ForEach-Object { Merge-CommandHelp $_ $sources[$_.Name] })
Copy-AboutTopics $culture
Write-Host "Help for $($commands.Count) cmdlets written to $helpFile"
