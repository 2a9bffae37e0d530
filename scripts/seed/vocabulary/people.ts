import type { NameSet } from './places.ts';

/** A comma-separated list written compactly in the source. */
function list(text: string): readonly string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

// Given names and surnames by name set. Spanish and English are the largest pools, since most of
// the community writes in one of the two.

export const GIVEN_NAMES: Record<NameSet, readonly string[]> = {
  es: list(`
    Ana, Bruno, Carla, Diego, Elena, Facundo, Gabriela, Hugo, Inés, Julián, Lucía, Martín, Natalia,
    Osvaldo, Paula, Ricardo, Sofía, Tomás, Valeria, Ximena, Agustina, Camila, Carolina, Florencia,
    Mariela, Milagros, Romina, Silvina, Verónica, Alejandro, Andrés, Cristian, Esteban, Federico,
    Gustavo, Horacio, Javier, Leandro, Marcelo, Nicolás, Pablo, Rodrigo, Sebastián, Walter, Graciela,
    Beatriz, Alicia, Chicho, Mora, Lorena, Daniela, Jimena, Emilia, Mauro, Ezequiel, Gonzalo,
    Ignacio
  `),
  en: list(`
    Alice, Ben, Charlotte, Daniel, Emily, Frank, Grace, Henry, Isabel, Jack, Kate, Liam, Megan,
    Nathan, Olivia, Peter, Rachel, Sam, Tessa, William, Amelia, Chloe, Hannah, Laura, Sarah, Zoe,
    James, Michael, Oliver, Ryan, Thomas, Matthew, Jessica, Lily, Noah, Ethan, Ruby, Harry, Evelyn,
    Joseph
  `),
  de: list(`
    Anna, Jonas, Lena, Lukas, Marie, Felix, Sophie, Maximilian, Katrin, Jürgen, Ulrike, Stefan,
    Birgit, Matthias
  `),
  fr: list(`
    Camille, Louis, Chloé, Hugo, Manon, Julien, Léa, Antoine, Élodie, Mathieu, Céline, Nicolas,
    Amélie, Pierre
  `),
  it: list(`
    Giulia, Marco, Chiara, Luca, Francesca, Matteo, Alessia, Giorgio, Valentina, Paolo, Federica,
    Stefano
  `),
  tr: list(`
    Elif, Mehmet, Zeynep, Emre, Ayşe, Can, Deniz, Burak, Selin, Murat, Ece, Kerem
  `),
  pt: list(`
    Inês, João, Beatriz, Tiago, Mariana, Rui, Catarina, Miguel, Joana, Pedro
  `),
  nl: list(`
    Emma, Daan, Sanne, Bram, Fleur, Joris, Lotte, Sem, Anouk, Ruben
  `),
  pl: list(`
    Zofia, Jakub, Agnieszka, Piotr, Magda, Tomasz, Kasia, Marek, Ola, Paweł
  `),
  ja: list(`
    Yuki, Haruto, Aiko, Kenji, Sakura, Takeshi, Mei, Ren, Hana, Sora
  `),
  gr: list(`
    Eleni, Giorgos, Maria, Nikos, Katerina, Dimitris, Sofia, Yannis
  `),
};

export const SURNAMES: Record<NameSet, readonly string[]> = {
  es: list(`
    Gómez, Fernández, Rodríguez, González, López, Martínez, Pérez, Sánchez, Romero, Díaz, Álvarez,
    Torres, Ruiz, Ramírez, Flores, Benítez, Acosta, Medina, Herrera, Suárez, Aguirre, Giménez,
    Molina, Castro, Ortiz, Silva, Rojas, Núñez, Luna, Sosa, Cabrera, Ríos, Ferreyra, Godoy, Morales,
    Domínguez, Vázquez, Ledesma, Quiroga, Peralta, Villalba, Correa, Pereyra, Bustos, Figueroa, Paz,
    Ponce
  `),
  en: list(`
    Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Taylor, Clark, Lewis, Walker,
    Hall, Young, King, Wright, Scott, Green, Baker, Adams, Nelson, Carter, Mitchell, Roberts, Turner,
    Phillips, Campbell, Parker, Evans, Edwards, Collins, Stewart, Morris, Murphy, Cook, Rogers,
    Bennett, Hughes, Foster, Hayes
  `),
  de: list(`
    Müller, Schmidt, Schneider, Fischer, Weber, Wagner, Becker, Hoffmann, Koch, Richter, Klein, Wolf
  `),
  fr: list(`
    Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Laurent,
    Lefebvre
  `),
  it: list(`
    Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Conti
  `),
  tr: list(`
    Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Aydın, Öztürk, Arslan, Doğan
  `),
  pt: list(`
    Silva, Santos, Ferreira, Pereira, Oliveira, Costa, Rodrigues, Martins, Sousa
  `),
  nl: list(`
    de Jong, Jansen, de Vries, van Dijk, Bakker, Visser, Smit, Meijer, de Boer
  `),
  pl: list(`
    Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński
  `),
  ja: list(`
    Sato, Suzuki, Takahashi, Tanaka, Watanabe, Ito, Yamamoto, Nakamura
  `),
  gr: list(`
    Papadopoulos, Georgiou, Nikolaou, Konstantinou, Dimitriou, Ioannou
  `),
};

export const BIOS_ES: readonly string[] = [
  'Milonguero de toda la vida. Vals los domingos, milonga lisa los viernes.',
  'Bailo desde {years} años. Amo a Di Sarli y los abrazos cerrados.',
  'Profe de tango en {city}. Clases de técnica y musicalidad.',
  'Musicalizador. Tandas clásicas, cortinas cortas.',
  'Organizo una milonga los jueves en {city}. ¡Los espero!',
  'Aprendiendo a seguir y a guiar. Fan de Pugliese.',
  'Viajo por encuentros milongueros. Cabeceo siempre.',
  'Zapatos de tango, pista llena y una buena tanda de Troilo.',
  'Bailo y saco fotos en las milongas 📷',
  'Empecé hace poco y ya no puedo parar 💃',
];

export const BIOS_EN: readonly string[] = [
  'Tango dancer since {years} years. Close embrace, slow tandas.',
  'Teaching tango in {city}. Technique, musicality, connection.',
  'DJ for milongas and marathons. Golden age only.',
  'I host a weekly milonga in {city} — come say hi!',
  'Leader learning to follow, follower learning to lead.',
  'Marathon addict. Cabeceo or nothing.',
  'Photographer of milongas and festivals 📷',
  'New to tango and loving every tanda.',
  'Traveling the world one milonga at a time ✈️',
  'Pugliese makes me cry. In a good way.',
];
